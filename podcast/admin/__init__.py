"""The podcast in the admin: the episode listing, the editor's forms and the audio panel."""
