// A server from Node.js's own http module, started by `npm start`.
const http = require("node:http");

const port = Number(process.env.PORT || 3000);

http
  .createServer((req, res) => {
    res.setHeader("Content-Type", "text/plain");
    res.end(`hello from npm start (${process.env.NODE_ENV})\n`);
  })
  .listen(port, () => console.log(`listening on ${port}`));
