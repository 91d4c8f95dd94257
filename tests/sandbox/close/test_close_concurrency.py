"""The emulator under a threaded server: concurrent writes and reads stay consistent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .live import LiveClose, email_query


def test_parallel_creates_and_searches(empty: LiveClose) -> None:
    def work(worker: int) -> list[str]:
        made = []
        for i in range(8):
            email = f"person{worker}-{i}@parallel.example"
            body = {
                "name": f"Lead {worker}-{i}",
                "contacts": [{"name": "P", "emails": [{"email": email}]}],
            }
            made.append(empty.post("/lead/", body).json()["id"])
            found = empty.search({"query": email_query(email), "_fields": {"contact": ["lead_id"]}})
            assert found.json()["data"][0]["lead_id"] == made[-1]
        return made

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = [lead_id for batch in pool.map(work, range(8)) for lead_id in batch]
    assert len(ids) == len(set(ids)) == 64
    listing = empty.get("/lead/", params={"_limit": 100}).json()
    assert listing["total_results"] == 64
    assert empty.control("GET", "_stats").json()["POST /lead/"] == 64
