"""Participation timings on the Voorbeeldwijk (909 households) with an in-process test database
(SQLite in a throw-away directory): seeding a project, the top 5 over every household answering,
the model's inputs with all answers applied (cache miss) and the per-request overhead when nothing
changed (cache hit), and the team's household page. Prints medians in ms. Not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.web_settings
os.environ.setdefault("WIJKAANPAK_DATA_DIR", tempfile.mkdtemp(prefix="wijkaanpak-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.web_settings")

from timing import median_ms, print_figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        from wijkaanpak.io.participation import questionnaire
        from wijkaanpak.web.participation.models import Response
        from wijkaanpak.web.participation.services import top_lists
        from wijkaanpak.web.projects import services
        from wijkaanpak.web.projects.models import Project

        start = time.perf_counter()
        call_command("demo_setup", stdout=open(os.devnull, "w"))  # noqa: SIM115
        seed_ms = round((time.perf_counter() - start) * 1000, 1)
        project = Project.objects.get(name="Voorbeeldwijk")
        q, rnd = questionnaire(), random.Random(1)
        aspects = list(q.aspects)
        Response.objects.bulk_create(
            Response(
                invitation=inv,
                answers={
                    "good": rnd.sample(aspects, 2),
                    "bad": rnd.sample(aspects, 3),
                    "worries": rnd.sample(["foundation", "moisture", "flooding", "value"], 2),
                    "wish_to_return": rnd.choice(["yes", "no", "unknown"]),
                    "preferred_home_type": rnd.choice(["ground_bound", "apartment", "unknown"]),
                },
            )
            for inv in project.invitations.all()
        )

        def miss() -> None:
            services._INPUTS.clear()
            services.inputs_for(project)

        team = Client()
        team.force_login(User.objects.get(username="team"))
        inv = project.invitations.filter(group="eigenaar_bewoners").first()
        url = f"/projecten/{project.pk}/participatie/huishoudens/{inv.pk}/?plan=all-renew"
        figures = {
            "households": project.invitations.count(),
            "demo_setup_with_seeding_ms": seed_ms,
            "top5_all_households_ms": median_ms(lambda: top_lists(project), args.repeat),
            "inputs_with_answers_miss_ms": median_ms(miss, args.repeat),
            "inputs_unchanged_hit_ms": median_ms(lambda: services.inputs_for(project), args.repeat),
            "evaluate_mix_with_answers_ms": median_ms(
                lambda: services.evaluate(project, "mix"), args.repeat
            ),
            "household_page_ms": median_ms(lambda: team.get(url), args.repeat),
            "results_page_ms": median_ms(
                lambda: team.get(f"/projecten/{project.pk}/participatie/enquete/"), args.repeat
            ),
        }
    finally:
        runner.teardown_databases(old)
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
