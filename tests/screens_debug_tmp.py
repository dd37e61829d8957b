from tests.test_order_views import *  # noqa

def test_debug(world):
    owner = world.shop.owner
    for size in (1, 2, 5):
        after = None
        while True:
            page = owner.client.data("""query Orders($first: Int, $after: String) {
  orders(first: $first, after: $after, orderBy: REQUESTED_DATE) {
    edges { node { id number requestedDeliveryDate } cursor } pageInfo { hasNextPage endCursor } } }""", {"first": size, "after": after})["orders"]
            print(size, [(e["node"]["number"], e["node"]["requestedDeliveryDate"]) for e in page["edges"]], page["pageInfo"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    assert False
