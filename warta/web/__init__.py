"""Server-rendered pages of the web UI: templates, static assets and their view helpers."""
