"""The podcast's public URL patterns: the episode files that Wagtail's own page pattern refuses.

Wagtail's page pattern allows no dots, so "lyd/listetak.mp3", "tekstversjon.vtt" and
"kapitler.json" never reach the episode's routes (PodcastEpisodePage.audio, transcript and
chapters_json). This pattern sends exactly those to Wagtail's serve view; config/urls.py
includes it before wagtail_urls.
"""

from django.urls import re_path
from wagtail import views as wagtail_views

urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)+(?:lyd/[\w\-]+\.(?:mp3|m4a)|tekstversjon\.[a-z0-9]{1,5}|kapitler\.json))$",
        wagtail_views.serve,
        name="podcast_episode_file",
    ),
]
