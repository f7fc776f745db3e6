"""A small WSGI app served by waitress, installed with pip --target."""
from waitress import serve


def app(environ, start_response):
    body = b"hello from waitress" if environ["PATH_INFO"] == "/" else b"ok"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":
    serve(app, host="0.0.0.0", port=8080)
