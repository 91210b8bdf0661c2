"""Letters of disclosure on application: default wording (`defaults`), the plain-string context and placeholder
filling (`context`), issuing a numbered letter on an application (`issue`), and rendering to DOCX and PDF (`render`)."""
