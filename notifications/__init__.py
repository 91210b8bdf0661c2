"""The notifications kernel: channels (e-mail, SMS, WeChat 公众号) behind one interface, message bodies as templates
per channel and event, preferences per person and channel, a delivery log with retries. See docs/notifications.md."""
