from nnviz.start import run

run()
