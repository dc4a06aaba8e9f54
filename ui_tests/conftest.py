# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures of the browser flows, run by ``make ui-test`` (scripts/ui_test.sh),
which starts the Odoo server and passes UI_URL, UI_DB and UI_SCREENSHOTS.

- ``odoo``: the server (``url``, ``db``) and ``rpc(model, method, *args)``
  as admin over XML-RPC, to build each flow's fixtures;
- ``browser``: a headless Debian chromium (one per session);
- ``rma_user``: (login, password) of a plain RMA user of the main company;
- ``web``: a WebClient (helpers for Odoo 11's web client) on that browser,
  logged out at the end of each test; ``web.login(login, password)``.
Add a flow as another ``test_*.py`` file here."""
import os
import shutil
import tempfile
import time
import xmlrpc.client

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    StaleElementReferenceException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get('UI_CHROMIUM', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('UI_CHROMEDRIVER', '/usr/bin/chromedriver')
TIMEOUT = 20
ADMIN = ('admin', 'admin')


class Odoo(object):
    def __init__(self, url, db):
        self.url, self.db = url, db
        common = xmlrpc.client.ServerProxy('%s/xmlrpc/2/common' % url)
        self.uid = common.authenticate(db, ADMIN[0], ADMIN[1], {})
        assert self.uid, 'admin cannot log in to %s' % db
        self._object = xmlrpc.client.ServerProxy(
            '%s/xmlrpc/2/object' % url, allow_none=True)

    def rpc(self, model, method, *args, **kwargs):
        return self._object.execute_kw(self.db, self.uid, ADMIN[1], model,
                                       method, list(args), kwargs)

    def ref(self, xmlid):
        module, name = xmlid.split('.')
        return self.rpc('ir.model.data', 'xmlid_to_res_id', xmlid) or \
            pytest.fail('no record %s.%s' % (module, name))


@pytest.fixture(scope='session')
def odoo():
    url, db = os.environ.get('UI_URL'), os.environ.get('UI_DB')
    if not url or not db:
        pytest.exit('run the browser flows with make ui-test '
                    '(UI_URL and UI_DB are not set)', returncode=2)
    return Odoo(url, db)


@pytest.fixture(scope='session')
def run_id():
    """Tells this run's records apart (a kept database may hold earlier
    runs')."""
    return time.strftime('%H%M%S')


@pytest.fixture(scope='session')
def rma_user(odoo, run_id):
    login, password = 'ui_clerk_%s' % run_id, 'ui-secret'
    company = odoo.ref('base.main_company')
    odoo.rpc('res.users', 'create', {
        'name': 'UI Clerk', 'login': login, 'password': password,
        'company_id': company, 'company_ids': [(6, 0, [company])],
        'groups_id': [(6, 0, [odoo.ref('rma_billing.group_rma_user')])]},
        context={'no_reset_password': True})
    return login, password


@pytest.fixture(scope='session')
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix='rma-ui-chromium-')
    for flag in ('--headless', '--no-sandbox', '--disable-gpu',
                 '--disable-dev-shm-usage',
                 '--disable-background-networking',
                 '--disable-component-update', '--disable-sync',
                 '--no-first-run', '--disable-quic',
                 '--window-size=1400,1000', '--lang=en-US',
                 '--user-data-dir=%s' % profile):
        options.add_argument(flag)
    # an explicit driver: selenium must not look for one on the internet
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                              options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def web(browser, odoo):
    client = WebClient(browser, odoo)
    yield client
    browser.delete_all_cookies()


class WebClient(object):
    """Odoo 11's web client as a user sees it: menus, buttons and fields by
    their names, waiting for each RPC to finish."""

    def __init__(self, driver, odoo):
        self.driver, self.odoo = driver, odoo
        self.shots = os.environ.get('UI_SCREENSHOTS') or os.path.join(
            os.path.dirname(__file__), '..', '.local', 'screenshots')
        os.makedirs(self.shots, exist_ok=True)

    # Waiting ----------------------------------------------------------------
    def wait(self, condition, timeout=TIMEOUT, message=''):
        return WebDriverWait(
            self.driver, timeout,
            ignored_exceptions=(StaleElementReferenceException,)).until(
            condition, message)

    def idle(self):
        """No RPC running (the web client marks itself .oe_wait while one
        is; longpolling does not count), no animation, no blocked UI."""
        self.wait(lambda d: d.execute_script(
            "return document.readyState === 'complete' && (!window.jQuery "
            "|| (!jQuery('.oe_wait, .blockUI').length && "
            "!jQuery(':animated').length))"),
            message='the web client stays busy')

    def find(self, css, visible=True):
        locate = ec.visibility_of_element_located if visible else \
            ec.presence_of_element_located
        return self.wait(locate((By.CSS_SELECTOR, css)),
                         message='no element %s' % css)

    def find_text(self, css, text):
        """The visible element matching ``css`` whose text contains
        ``text``."""
        def found(driver):
            for element in driver.find_elements(By.CSS_SELECTOR, css):
                if element.is_displayed() and text in element.text:
                    return element
            return False
        return self.wait(found, message='no %s with "%s"' % (css, text))

    def click(self, css, text=None):
        element = self.find_text(css, text) if text else self.find(css)
        self.wait(lambda d: element.is_enabled())
        try:
            element.click()
        except WebDriverException:
            # covered by a fading tooltip or notification: click it in JS
            self.driver.execute_script('arguments[0].click();', element)
        self.idle()
        return element

    # Session ----------------------------------------------------------------
    def login(self, login, password):
        self.driver.get('%s/web/login' % self.odoo.url)
        self.find('input#login').send_keys(login)
        self.find('input#password').send_keys(password)
        self.click('.oe_login_buttons button[type=submit]')
        self.find('#oe_main_menu_navbar .oe_application_menu_placeholder')
        self.idle()

    def screenshot(self, name):
        path = os.path.join(self.shots, '%s.png' % name)
        self.driver.save_screenshot(path)
        return path

    def is_styled(self):
        """The backend stylesheets (compiled from less by lessc) applied:
        the top bar is dark, not the browser's default white."""
        color = self.driver.execute_script(
            "var bar = document.getElementById('oe_main_menu_navbar'); "
            "return bar && "
            "getComputedStyle(bar).backgroundColor;")
        return bool(color) and color not in (
            'rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)', 'transparent')

    # Menus and views --------------------------------------------------------
    def menu(self, xmlid):
        """Open a menu (an app on the top bar, or an entry of its side
        menu) by its xml id."""
        self.click('a[data-menu-xmlid="%s"]' % xmlid)
        return self

    def switch_view(self, view_type):
        self.click('.o_cp_switch_buttons button[data-view-type="%s"]'
                   % view_type)

    def button(self, name):
        """A button of the form by its method/action name."""
        return self.click(
            '.o_form_view button[name="%s"]:not(.o_invisible_modifier)'
            % name)

    def field(self, name, within='.o_form_view'):
        return self.find('%s .o_field_widget[name="%s"]' % (within, name))

    def field_text(self, name, within='.o_form_view'):
        return self.field(name, within).text.strip()

    def set_input(self, name, value, within='.o_form_view'):
        widget = self.field(name, within)
        element = widget if widget.tag_name in ('input', 'textarea') else \
            widget.find_element(By.CSS_SELECTOR, 'input')
        element.send_keys(Keys.CONTROL, 'a')
        element.send_keys(str(value))
        element.send_keys(Keys.TAB)
        self.idle()

    def set_select(self, name, label, within='.o_form_view'):
        select = self.find('%s select[name="%s"]' % (within, name))
        for option in select.find_elements(By.TAG_NAME, 'option'):
            if option.text.strip() == label:
                option.click()
                break
        else:
            pytest.fail('no option "%s" in %s' % (label, name))
        self.idle()

    def set_many2one(self, name, text, within='.o_form_view'):
        """Type into a many2one and pick the suggestion named ``text``."""
        widget = self.field(name, within)
        element = widget.find_element(By.CSS_SELECTOR, 'input')
        element.send_keys(Keys.CONTROL, 'a')
        element.send_keys(text)
        self.click('ul.ui-autocomplete li a', text)

    def save(self):
        self.click('.o_form_button_save')
        self.find('.o_form_button_edit')


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed flow leaves a screenshot of where it stopped."""
    outcome = yield
    report = outcome.get_result()
    client = item.funcargs.get('web') if hasattr(item, 'funcargs') else None
    if report.when == 'call' and report.failed and client:
        report.sections.append(('screenshot', client.screenshot(
            'FAILED_%s' % item.name)))
