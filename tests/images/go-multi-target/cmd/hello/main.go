// A command-line tool built beside the server, collected by the `binaries` stage.
package main

import "fmt"

func main() {
	fmt.Println("hello from the command line")
}
