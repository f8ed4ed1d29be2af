"""Wage arrears risk check (欠薪风险 / 拒不支付劳动报酬): a third-party Escort plugin."""

__version__ = "1.0.0"
