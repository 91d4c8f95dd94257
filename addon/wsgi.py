"""The WSGI entry point for gunicorn: the add-on configured from the environment."""

from addon import create_app

app = create_app()
