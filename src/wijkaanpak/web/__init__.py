"""The web app (Django): projects, plans and results in the browser, and a JSON API."""
