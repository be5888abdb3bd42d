"""The social track (report §5a): phases and steps, stakeholders, the non-anonymous survey and its
top 5, kitchen-table conversations, meetings, consultation and go/no-go — with personal data handled
as the AVG asks (roles, audit log, consent, correction, export, erasure, retention)."""
