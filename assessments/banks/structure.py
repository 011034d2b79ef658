"""A bank's dimensions, questions and options, read once per process for a frozen (published or retired) bank.

A frozen bank never changes (``models/banks.py``), so what the questionnaire reads of it on every page and
every autosave can be kept: each process reads a bank's structure in three queries the first time and then
serves it from memory. Nothing here is state shared between processes: every app server builds the same
structure from the same rows. A draft bank, which its editors change, is read afresh each time.

The objects handed out are shared by every request of the process: callers read them and never change them.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Dimension, Option, Question, QuestionBank

CACHED_BANKS = 32  # a deployment has a few versions in use; beyond this, the least recently used is dropped


@dataclass(frozen=True)
class BankStructure:
    """A bank's dimensions in order, each with its questions in order, each with its options prefetched."""

    bank_id: int
    dimensions: tuple[Dimension, ...]
    questions: dict[int, tuple[Question, ...]]  # by dimension id
    frozen: bool = False  # kept by the process: what is rendered of it may be kept with it
    # Rendered markup of the bank's questions, by what it depends on (``views/fragments.py``).
    fragments: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def by_code(self) -> dict[str, Question]:
        return {question.code: question for group in self.questions.values() for question in group}

    @cached_property
    def dimension_by_code(self) -> dict[str, Dimension]:
        return {dimension.code: dimension for dimension in self.dimensions}

    @cached_property
    def question_count(self) -> int:
        return sum(len(group) for group in self.questions.values())

    def totals(self) -> dict[int, int]:
        """Each dimension's number of questions, by dimension id."""
        return {dimension.pk: len(self.questions[dimension.pk]) for dimension in self.dimensions}


_cache: "OrderedDict[tuple, BankStructure]" = OrderedDict()
_lock = threading.Lock()


def _key(bank: QuestionBank) -> tuple:
    # The creation time tells a bank from a later one that reuses its primary key (SQLite reuses the highest
    # id after a delete or a rolled-back test).
    return (bank.pk, bank.created_at)


def _read(bank: QuestionBank) -> BankStructure:
    """Three queries: the dimensions, their questions, the questions' options."""
    dimensions = tuple(
        Dimension.objects.filter(bank_id=bank.pk)
        .in_bank_order()
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.in_bank_order().prefetch_related(
                    Prefetch("options", queryset=Option.objects.order_by("order", "pk"))
                ),
            )
        )
    )
    questions = {}
    for dimension in dimensions:
        group = tuple(dimension.questions.all())
        for question in group:
            question.dimension = dimension  # no query when a page asks a question for its dimension
            question.bank = bank
        questions[dimension.pk] = group
    return BankStructure(bank.pk, dimensions, questions, frozen=bank.is_frozen)


def structure_of(bank: QuestionBank) -> BankStructure:
    """The bank's structure: from this process's memory for a frozen bank (no query after the first time),
    read afresh for a draft."""
    if not bank.is_frozen:
        return _read(bank)
    key = _key(bank)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    structure = _read(bank)
    with _lock:
        _cache[key] = structure
        while len(_cache) > CACHED_BANKS:
            _cache.popitem(last=False)
    return structure


def forget(bank_id: int | None = None) -> None:
    """Drop the structures kept of one bank (of every bank without an id)."""
    with _lock:
        for key in [key for key in _cache if bank_id is None or key[0] == bank_id]:
            del _cache[key]


# Connected to the bank's four models by name: a receiver for every model would cost every other model's
# deletes their fast path (Django reads rows before deleting them when anyone listens).
@receiver(post_save, sender=QuestionBank, dispatch_uid="bank_structure_saved_bank")
@receiver(post_delete, sender=QuestionBank, dispatch_uid="bank_structure_deleted_bank")
@receiver(post_save, sender=Dimension, dispatch_uid="bank_structure_saved_dimension")
@receiver(post_delete, sender=Dimension, dispatch_uid="bank_structure_deleted_dimension")
@receiver(post_save, sender=Question, dispatch_uid="bank_structure_saved_question")
@receiver(post_delete, sender=Question, dispatch_uid="bank_structure_deleted_question")
@receiver(post_save, sender=Option, dispatch_uid="bank_structure_saved_option")
@receiver(post_delete, sender=Option, dispatch_uid="bank_structure_deleted_option")
def _changed(sender, instance, **kwargs):
    """A bank or its content written in this process (a status change, a test's fixture): read it again next
    time. Frozen banks' content does not change, so other processes need no notice."""
    if sender is QuestionBank:
        forget(instance.pk)
    else:
        forget()  # a draft's editing or an import: rare, and an option does not know its bank without a query
