"""A Flask service for Cloud Run, served by gunicorn."""
import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return f"hello from cloud run on port {os.environ.get('PORT', '?')}"
