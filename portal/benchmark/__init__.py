"""The served benchmark (`manage.py benchmark`): its settings, its URLs and its baseline page.

The benchmark's gunicorn runs the portal with these settings, which only add one URL: the
baseline page, one indexed SELECT of 12 rows through a small template with no layout, which
shows what the machine can serve. The portal itself never routes to it.
"""
