# Copyright 2026 rma_billing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The harness itself: a plain RMA user logs in and gets a styled web
client with the RMA app."""


def test_rma_user_gets_a_styled_web_client(web, rma_user):
    web.login(*rma_user)
    web.menu('rma_billing.rma_menu_root')
    web.find('.o_list_button_add')
    web.screenshot('00_rma_list')
    assert web.is_styled(), 'the web client renders without its styles'
