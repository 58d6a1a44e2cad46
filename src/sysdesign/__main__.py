from sysdesign.cli.app import main

main()
