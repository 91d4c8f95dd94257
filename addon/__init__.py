"""Close for Gmail: the backend of a Google Workspace add-on for Close CRM."""
