"""An HTTP function: the Functions Framework finds `hello` in main.py and serves it."""
import functions_framework


@functions_framework.http
def hello(request):
    name = request.args.get("name", "world")
    return f"hello from a function, {name}"
