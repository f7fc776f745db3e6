// The server the `server` stage runs.
package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from the server stage")
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
