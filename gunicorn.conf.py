"""gunicorn reads this file from the folder it starts in (the README's production command runs there).

The proxies gunicorn believes X-Forwarded-For from are the app's own setting,
``TODO_TRUSTED_PROXIES`` (default none), not gunicorn's default of loopback:
a client on this machine cannot choose the address its limits are counted by.
"""

from todo_project.proxies import trusted_proxies

forwarded_allow_ips = ",".join(trusted_proxies())
