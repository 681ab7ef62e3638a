"""In a real browser: the add box shows what it understood as chips before Enter, and a chip can be taken off."""

from playwright.sync_api import Page, expect

from tasks.models import Task

from .conftest import SCREENSHOTS
from .test_browser_journeys import row, sign_up


def test_quick_add_shows_chips_and_a_chip_taken_off_stays_in_the_title(page: Page, site: str, django_user_model):
    sign_up(page, site, "quinn")
    box = page.get_by_placeholder("Add a task…", exact=False)
    chips = page.get_by_role("list", name="Understood from the title")

    box.fill("pay rent every month on the 1st !high")
    expect(chips).to_contain_text("Every month on the 1st")
    expect(chips).to_contain_text("High priority")
    page.screenshot(path=SCREENSHOTS / "quick-add.png", clip={"x": 0, "y": 0, "width": 800, "height": 260})
    box.press("Enter")
    expect(row(page, "Pay rent")).to_contain_text("every month on the 1st")
    expect(row(page, "Pay rent")).to_contain_text("High")

    box = page.get_by_placeholder("Add a task…", exact=False)
    expect(box).to_have_value("")  # the fresh add box, swapped in with the new task
    # Typed as a person types: the box that just arrived may not listen yet for the first keystrokes.
    box.press_sequentially("read 1984 tomorrow", delay=15)
    expect(chips).to_contain_text("Tomorrow")
    page.get_by_role("button", name="Keep “Tomorrow” as words of the title").click()
    expect(chips).to_have_count(0)
    expect(box).to_be_focused()  # back in the add box, where the person was typing
    box.press("Enter")
    expect(row(page, "Read 1984 tomorrow")).to_be_visible()

    person = django_user_model.objects.get(username="quinn")
    book = Task.objects.for_user(person).get(title="Read 1984 tomorrow")
    assert book.due_date is None
