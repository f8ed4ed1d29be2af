from escort.cli import main

main()
