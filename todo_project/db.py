"""Database connection health, without a round trip on the way to every request."""

import select

from psycopg import Connection
from psycopg_pool import ConnectionPool


def check_pooled_connection(conn: Connection) -> None:
    """The pool's check on handing out a connection: raise if it is dead, so the pool replaces it.

    An idle connection's socket has nothing to read unless the server wrote
    to it, which it does when it goes away (a restart, a terminated backend:
    a farewell message, then the close). So a zero-timeout poll of the socket,
    one system call, says whether a real check is needed; only then does one
    empty statement go to the server. A connection lost without a word (a
    host gone dark) is found by the request that uses it, which then answers
    503, and the pool discards it on its return.
    """
    if conn.closed:
        raise ConnectionError("the connection is closed")
    readable, _, _ = select.select([conn.fileno()], [], [], 0)
    if readable:
        ConnectionPool.check_connection(conn)
