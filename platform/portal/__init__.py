"""The customer self-service portal: sign-in by magic link, the customer's own view.

The portal's order type (the orders domain's) follows an order with `timeline` from here."""

from portal.timeline import Milestone, StepState, TimelineStep, timeline

__all__ = ["Milestone", "StepState", "TimelineStep", "timeline"]
