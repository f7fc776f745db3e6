"""A small API, laid out the way `docker init` expects a Python project: `app.py` at the
root and its requirements beside it."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    return {"message": "hello from docker init"}
