"""An editor panel that shows what the server read from the uploaded audio."""

from wagtail.admin.panels import Panel


class AudioInfoPanel(Panel):
    """Duration, bitrate, format and size of the stored audio, with a warning when the
    duration is only an estimate (an MP3 without a Xing/Info header).

    A form sent back with errors holds the chosen file but has not stored it: the panel
    says so, rather than show it as stored.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "podcast/admin/audio_info_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["episode"] = self.instance
            audio = self.instance.audio_file
            context["audio_is_stored"] = bool(audio) and getattr(audio, "_committed", True)
            return context
