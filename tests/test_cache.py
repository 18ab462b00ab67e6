"""The answer cache: an unchanged corpus costs no LLM call; one changed article costs only its own."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from summarizer.cache import AnswerCache, CachedLLM, request_key
from summarizer.pipeline import Config, run
from summarizer.schemas import QuestionLabel, Usage
from summarizer.testing import FakeLLM, keyword_responder


def test_second_run_makes_no_call_and_a_changed_article_only_its_own(tmp_path: Path, corpus_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    cache = AnswerCache(tmp_path / "answers.sqlite")
    first = FakeLLM(responder=keyword_responder)
    b1 = run(Config(corpus, relations=False), llm=first, cache=cache)
    assert len(first.calls) > 5
    second = FakeLLM(responder=keyword_responder)
    b2 = run(Config(corpus, relations=False), llm=second, cache=cache)
    assert second.calls == [] and b2.run and b2.run.usage.cache_hits == len(first.calls)
    assert [a.claims for a in b1.articles] == [a.claims for a in b2.articles]
    p = corpus / "003_f87267bba3d1f508.txt"
    p.write_text(p.read_text() + "\nPeskov said the talks would resume on Monday.\n")
    third = FakeLLM(responder=keyword_responder)
    run(Config(corpus, relations=False), llm=third, cache=cache)
    assert third.calls and all("003_f87267bba3d1f508.txt" in m[-1]["content"] for m in third.calls)


def test_key_ignores_secrets_but_not_the_server_or_settings() -> None:
    msgs = [{"role": "user", "content": "x"}]
    k = request_key(msgs, QuestionLabel, "m", {"api_key": "sk-1", "base_url": "http://a", "temperature": 0})
    assert k == request_key(msgs, QuestionLabel, "m", {"api_key": "sk-2", "base_url": "http://a", "temperature": 0})
    # Two servers may serve different weights under one model name: their answers never mix.
    assert k != request_key(msgs, QuestionLabel, "m", {"api_key": "sk-1", "base_url": "http://b", "temperature": 0})
    assert k != request_key(msgs, QuestionLabel, "m", {"temperature": 0.7})
    assert k != request_key(msgs, QuestionLabel, "other-model", {"temperature": 0})


def test_concurrent_writers_are_safe(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    errors: list[Exception] = []

    def work(n: int) -> None:
        try:
            c = AnswerCache(path)
            for i in range(50):
                c.put(f"{n}-{i}", "{}")
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and AnswerCache(path).count() == 200
    assert AnswerCache(path).clear() == 200


def test_corrupted_entry_is_asked_again(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path / "a.sqlite")
    reply = {"question": "Will the two clubs agree on the transfer fee?"}
    llm = CachedLLM(FakeLLM().enqueue(reply, reply), cache)
    msgs = [{"role": "user", "content": "q"}]
    llm.structured(msgs, QuestionLabel, Usage())
    key = request_key(msgs, QuestionLabel, "fake", {})
    cache.put(key, "not json")
    usage = Usage()
    llm.structured(msgs, QuestionLabel, usage)
    assert usage.calls == 1 and usage.cache_hits == 0
