"""A FastAPI tutorial app."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def read_root():
    return {"message": "hello from fastapi"}


@app.get("/health")
def health():
    return {"status": "ok"}
