export function EmptyCart() {
  return (
    <section class="card narrow">
      <h1>Your cart is empty</h1>
      <p>Browse the aisles and add what you need.</p>
      <p>
        <a class="button" href="/">Start shopping</a>
      </p>
    </section>
  );
}
