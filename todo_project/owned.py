"""What every model a person owns shares: the one door to their rows."""

from typing import Self

from django.db import models


class OwnedQuerySet(models.QuerySet):
    """A QuerySet of rows that belong to one person each, through a ``user`` foreign key."""

    def for_user(self, user) -> Self:
        """The only door to a person's rows: every read and write of them starts here."""
        return self.filter(user=user)
