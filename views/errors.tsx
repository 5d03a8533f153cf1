export function ErrorPage(props: { heading: string; message: string }) {
  return (
    <section class="card narrow">
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to the shop</a>
      </p>
    </section>
  );
}
