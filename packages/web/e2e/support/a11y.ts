import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Roles of form controls, as Chromium's accessibility tree names them. */
const CONTROL_ROLES = [
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'spinbutton',
  'switch',
];

/**
 * Form controls in the main content that have no accessible name, from Chromium's own
 * accessibility tree: `- textbox "Email address"` is named, `- textbox` is not.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('main').ariaSnapshot();
  const unnamed = new RegExp(`^\\s*- (${CONTROL_ROLES.join('|')})(?!\\s+")\\b.*$`);
  return snapshot.split('\n').filter((line) => unnamed.test(line));
}

/** Resolves once the element has keyboard focus (polling, as focus often moves a frame later). */
export async function expectFocused(locator: Locator): Promise<void> {
  await locator.and(locator.page().locator(':focus')).waitFor();
}

/**
 * What every page must have: exactly one h1, with this name, naming the document too; and
 * every form control in the main content labelled.
 */
export async function expectPage(page: Page, heading: string, documentTitle = heading): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  expect(await page.locator('h1').count(), 'exactly one h1').toBe(1);
  await expect.poll(() => page.title()).toBe(`${documentTitle} | Clearinghouse`);
  expect(await unlabelledControls(page), 'form controls without an accessible name').toEqual([]);
}

/**
 * The skip link is the first thing the keyboard reaches and moves focus to the main content.
 * Call it right after a full page load, before anything else has taken focus.
 */
export async function expectSkipLinkWorks(page: Page): Promise<void> {
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content', exact: true });
  await expectFocused(skip);
  // USWDS keeps the link above the top edge until it has focus; then it slides into view.
  await expect
    .poll(async () => (await skip.boundingBox())?.y ?? -1, { timeout: 5_000 })
    .toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Enter');
  await expectFocused(page.locator('main#main-content'));
}
