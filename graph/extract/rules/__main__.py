"""`python -m graph.extract.rules` prints the README's rule table from the registry."""

from graph.extract.rules.registry import markdown

print(markdown())
