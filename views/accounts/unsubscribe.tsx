export function UnsubscribePage(props: { token: string; what: string; done: boolean }) {
  return (
    <section class="card narrow">
      <h1>{props.done ? "You are unsubscribed" : "Unsubscribe"}</h1>
      {props.done ? (
        <p>We won't send you {props.what} any more.</p>
      ) : (
        <form method="post" action={`/unsubscribe?token=${encodeURIComponent(props.token)}`}>
          <p>Stop receiving {props.what}? No log-in needed.</p>
          <button type="submit" class="button">Unsubscribe</button>
        </form>
      )}
      <p>
        <a href="/">Back to the shop</a>
      </p>
    </section>
  );
}
