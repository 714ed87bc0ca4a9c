from nnviz.cli import run

run()
