// A small Express app, as the Node.js guides write it.
const express = require("express");

const app = express();
const port = 3000;

app.get("/", (req, res) => res.send("hello from express"));
app.get("/healthz", (req, res) => res.send("ok"));

app.listen(port, () => console.log(`listening on ${port}`));
