"""The language server (`python -m roadmap lsp`): the plan checked as it is typed."""
