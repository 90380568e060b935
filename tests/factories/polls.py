"""Factories of the polls app: a poll with candidate dates, the people asked and their answers."""

import secrets
from datetime import time, timedelta

import factory
from django.utils import timezone

from peerreview.polls.enums import AnswerChoice, ParticipantKind
from peerreview.polls.models import Answer, CandidateDate, DatePoll, Participant
from peerreview.polls.selectors import token_hash


class DatePollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatePoll

    meeting = factory.SubFactory("tests.factories.ReviewMeetingFactory")


class CandidateDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateDate

    poll = factory.SubFactory(DatePollFactory)
    date = factory.Sequence(lambda n: timezone.localdate() + timedelta(days=30 + n))
    start_time = time(13, 0)
    end_time = time(16, 0)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    poll = factory.SubFactory(DatePollFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"participant{n}@school.example")
    kind = ParticipantKind.ATTENDEE


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    participant = factory.SubFactory(ParticipantFactory)
    candidate = factory.SubFactory(CandidateDateFactory, poll=factory.SelfAttribute("..participant.poll"))
    choice = AnswerChoice.YES
    answered_at = factory.LazyFunction(timezone.now)


def issue_token(participant: Participant) -> str:
    """Give a participant a personal link's token, as sending the link does; returns the token."""
    token = secrets.token_urlsafe(32)
    participant.token_hash = token_hash(token)
    participant.invited_at = timezone.now()
    participant.save(update_fields=["token_hash", "invited_at"])
    return token
