from playwright.sync_api import Page, expect
from tasks import organize, services
from conftest import SETUP_ACTOR
from .conftest import SCREENSHOTS
from .test_browser_journeys import row, sign_up
from django.contrib.auth import get_user_model


def test_look(page: Page, site: str, browser):
    sign_up(page, site, "quinn")
    user = get_user_model().objects.get(username="quinn")
    work = organize.create_list(user, actor=SETUP_ACTOR, name="Work", colour="blue")
    organize.create_list(user, actor=SETUP_ACTOR, name="Groceries", colour="green")
    services.add_task(user, actor=SETUP_ACTOR, title="Write the report", list_id=work.pk, labels=["focus"], steps=["Outline", {"title": "Draft", "done": True}, "Review"])
    services.add_task(user, actor=SETUP_ACTOR, title="Buy milk", list_id="Groceries", labels=["errands"])
    services.add_task(user, actor=SETUP_ACTOR, title="Call mom", priority="high")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site + "/tasks/")
        page.screenshot(path=SCREENSHOTS / f"zz-all-{scheme}.png", full_page=False)
        page.goto(site + f"/tasks/?list={work.pk}&order=manual")
        page.screenshot(path=SCREENSHOTS / f"zz-list-{scheme}.png", full_page=False)
        page.goto(site + "/lists/")
        page.screenshot(path=SCREENSHOTS / f"zz-lists-{scheme}.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(site + f"/tasks/?list={work.pk}&order=manual")
        page.screenshot(path=SCREENSHOTS / f"zz-phone-{scheme}.png", full_page=True)
