"""Reminders: the monthly dispatch digest and the overdue ladder, through an outbox.

- :mod:`qy_landing.reminders.generate` — ``generate(ctx, as_of, kind=…)``,
  ``generate_monthly``, ``generate_overdue``, ``preview_digest``: decide reminders and insert
  them into the ``reminder`` table (the outbox), each under a unique key, idempotently.
- :mod:`qy_landing.reminders.deliver` — ``send_pending``, ``claim``, ``list_reminders``,
  ``requeue_failed``: deliver at least once, retry with backoff, fall through the
  person's route (:mod:`qy_landing.reminders.routing`), give up visibly.
- :mod:`qy_landing.reminders.receipts` — ``check_receipts``: DingTalk send results, SMS receipts.
- :mod:`qy_landing.reminders.channels` — console, email, wecom, dingtalk (group robots),
  webhook; the private wecom_app, dingtalk_work, sms.
- :mod:`qy_landing.reminders.scheduler` — the APScheduler daemon, single leader (``lock``).

See ``docs/reminders.md``.
"""
