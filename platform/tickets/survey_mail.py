"""What the survey email says, in English or Simplified Chinese."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass

from core.mail_layout import Body
from notifications import is_chinese


@dataclass(frozen=True)
class SurveyFacts:
    number: str
    subject: str
    contact_name: str
    tenant_name: str
    valid_days: int
    link: str


@dataclass(frozen=True)
class SurveyEmail:
    subject: str
    body: Body


def survey_email(locale: str | None, facts: SurveyFacts) -> SurveyEmail:
    if is_chinese(locale):
        return SurveyEmail(
            f"[{facts.number}] 您对 {facts.tenant_name} 的服务满意吗？",
            Body(
                [
                    f"{facts.contact_name}，您好：",
                    f"您的工单 {facts.number}（{facts.subject}）已解决。"
                    f"请告诉我们您对这次服务的评价，只需一次点击，无需登录。",
                    f"链接 {facts.valid_days} 天内有效。",
                ],
                facts.link,
                "评价这次服务",
            ),
        )
    return SurveyEmail(
        f"[{facts.number}] How did {facts.tenant_name} do?",
        Body(
            [
                f"Hello {facts.contact_name},",
                f"Your ticket {facts.number} ({facts.subject}) has been solved. Tell us how "
                "we did: it takes one click, and no sign-in.",
                f"The link works for {facts.valid_days} days.",
            ],
            facts.link,
            "Rate our service",
        ),
    )
