"""The team lead's page: a log analysed per exception group, overrides, costs, saving and
sharing, and a shared analysis opened read-only from its link."""
