"""Driving the Wagtail admin as staff do: menus, choosers, tabs, errors beside fields.

choose_action(page, "Publish")
choose_page(page, "#inline_child_symptom_links-0", "Lower back pain")
assert "keep it to 300" in error_beside(page, "id_summary")
assert tab_error_count(page, "Promote") == 1
"""

import re

from playwright.sync_api import expect


def log_in(page, username, password):
    """Type the credentials into the login form, as a person does."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def edit_url(page_model):
    return f"/admin/pages/{page_model.pk}/edit/"


def add_url(model_name, parent):
    return f"/admin/pages/add/content_models/{model_name}/{parent.pk}/"


def footer_actions(page):
    return page.get_by_role("navigation", name="Actions (footer)")


def action_menu_labels(page):
    """The labels in the editor's action menu (next to the main button)."""
    footer = footer_actions(page)
    footer.locator(".w-dropdown__toggle").click()
    menu = footer.locator("[data-w-dropdown-target=content]")
    expect(menu).to_be_visible()
    labels = [text.strip() for text in menu.locator("a, button").all_inner_texts()]
    footer.locator(".w-dropdown__toggle").click()  # close it again
    return labels


def choose_action(page, label):
    """Open the editor's action menu and choose ``label`` ("Publish", "Leaflet
    (PDF)"…, or a pattern); the main button ("Save draft") is chosen directly."""
    footer = footer_actions(page)
    main = footer.locator("button.action-save")
    if label == main.inner_text().strip():
        main.click()
        return
    footer.locator(".w-dropdown__toggle").click()
    if isinstance(label, str):
        label = re.compile(rf"^\s*{re.escape(label)}\s*$")
    menu = footer.locator("[data-w-dropdown-target=content]")
    menu.locator("a, button").filter(has_text=label).click()


def save_and_wait(page, label="Save draft"):
    """Choose a saving action and wait for the editor to come back."""
    with page.expect_navigation():
        choose_action(page, label)
    page.wait_for_load_state()


def tab(page, name):
    """The tab labelled ``name`` ("Content", "Consent"…) of the page editor."""
    return page.locator(f"#tab-label-{name.lower()}")


def open_tab(page, name):
    tab(page, name).click()
    expect(tab(page, name)).to_have_attribute("aria-selected", "true")


def choose_page(page, container, title):
    """Pick ``title`` in the page chooser opened from ``container`` (a CSS selector
    of an inline row or a panel)."""
    page.locator(f"{container} button.chooser__choose-button").click()
    modal = page.locator(".modal-content")
    modal.locator("a.choose-page", has_text=title).click()
    expect(modal).to_be_hidden()
    expect(page.locator(container).locator(".chooser__title").first).to_have_text(title)


def upload_image_in_chooser(page, container, file, *, title, source, licence):
    """Upload ``file`` from the Upload tab of the image chooser opened from
    ``container``, giving its credit (``source`` = (name, URL)) and licence."""
    page.locator(f"{container} button.chooser__choose-button").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("tab", name="Upload").click()
    prefix = "#id_image-chooser-upload-"
    modal.locator(f"{prefix}file").set_input_files(file)
    # Wagtail writes the file's name into the title when it has read the file:
    # wait for that, or it can land after (and beside) the title typed here.
    expect(modal.locator(f"{prefix}title")).not_to_have_value("")
    modal.locator(f"{prefix}title").fill(title)
    modal.locator(f"{prefix}source_name").fill(source[0])
    modal.locator(f"{prefix}source_url").fill(source[1])
    modal.locator(f"{prefix}license").select_option(label=licence)
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()
    expect(page.locator(container).locator(".chooser__title").first).to_have_text(title)


def type_rich_text(page, field_name, text):
    """Type into the rich-text (Draftail) editor of the field ``field_name`` and wait
    until the form holds it (Draftail saves its state a moment after typing)."""
    field = page.locator(f"input[name='{field_name}']")
    page.locator(f"[data-field-wrapper]:has(input[name='{field_name}'])").locator(
        "[role=textbox]"
    ).click()
    page.keyboard.type(text)
    expect(field).to_have_value(re.compile(re.escape(text)))


def error_beside(page, field_id):
    """The error text shown in the same field wrapper as the input ``field_id``."""
    wrapper = page.locator(f"[data-field-wrapper]:has(#{field_id})").last
    return " ".join(wrapper.locator(".error-message").all_inner_texts()).strip()


def form_errors(page):
    """Every error message on the page, e.g. to explain why a form came back."""
    return [text.strip() for text in page.locator(".error-message").all_inner_texts()]


def tab_error_count(page, name):
    """The number on a tab's error badge; 0 when the badge is hidden."""
    badge = tab(page, name).locator(".w-tabs__errors")
    if not badge.is_visible():
        return 0
    return int(badge.get_attribute("data-w-count-total-value"))


def messages(page):
    return page.locator(".messages").inner_text()
