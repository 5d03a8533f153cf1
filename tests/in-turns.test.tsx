import { expect, test } from "bun:test";
import { inTurns } from "../views/components/in-turns";

/* A long page's sections are rendered one turn of the event loop each, in order, to the same HTML. */

test("sections render in the page's order, one turn of the event loop each, to the same HTML as without turns", async () => {
  const log: string[] = [];
  // A section that, while it renders, queues other work for the next turn (as a request arriving would).
  const Part = (props: { name: string }) => {
    log.push(props.name);
    setImmediate(() => log.push(`after ${props.name}`));
    return <p class={props.name}>{props.name} &amp; more</p>;
  };
  const page = (Turn?: ReturnType<typeof inTurns>) => {
    const Wrap = Turn ?? ((props: { children?: unknown }) => <>{props.children}</>);
    return (
      <main>
        <h1>Report</h1>
        <Wrap><Part name="first" /></Wrap>
        <Wrap><Part name="second" /></Wrap>
        <Wrap><Part name="third" /></Wrap>
      </main>
    );
  };
  const plain = String(await page().toString());
  // Without turns the sections render back to back; the queued work runs after all of them.
  await new Promise((resolve) => setImmediate(resolve));
  expect(log).toEqual(["first", "second", "third", "after first", "after second", "after third"]);
  log.length = 0;
  const inTurnsHtml = String(await page(inTurns()).toString());
  expect(inTurnsHtml).toBe(plain);
  expect(plain).toBe('<main><h1>Report</h1><p class="first">first &amp; more</p><p class="second">second &amp; more</p><p class="third">third &amp; more</p></main>');
  // Work queued while one section rendered ran before the next section.
  expect(log.slice(0, 5)).toEqual(["first", "after first", "second", "after second", "third"]);
});
