"""The `modem` command line. Thin: parse, call the library, print (text or --json)."""
