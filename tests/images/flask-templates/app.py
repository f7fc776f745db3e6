"""A Flask site: a page rendered from templates/, a stylesheet from static/, and a fact
read from facts.txt (opened by a relative path, as most code does)."""
from flask import Flask, render_template

app = Flask(__name__)


@app.get("/")
def index():
    with open("facts.txt", encoding="utf-8") as facts:
        fact = facts.readline().strip()
    return render_template("index.html", fact=fact)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
