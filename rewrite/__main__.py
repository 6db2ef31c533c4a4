from rewrite.cli import main

main()
