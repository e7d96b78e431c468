"""The agents' tools: error extractor, repository tree, model parser, performance parser."""
