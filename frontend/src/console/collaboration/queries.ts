import { graphql } from '../../gql';

export const OrderConversation = graphql(`
  query OrderConversation($id: ID!) {
    node(id: $id) {
      __typename
      ... on Order {
        id
        viewerIsFollowing
        followers {
          userId
          name
        }
        comments {
          id
          body
          deleted
          createdAt
          editedAt
          viewerIsAuthor
          author {
            userId
            name
          }
          mentions {
            userId
            name
          }
        }
      }
    }
  }
`);

export const MentionableUsers = graphql(`
  query MentionableUsers($search: String) {
    users(first: 20, filter: { status: ACTIVE, search: $search }) {
      edges {
        node {
          id
          name
          email
        }
      }
    }
  }
`);

export const AddOrderComment = graphql(`
  mutation AddOrderComment($input: AddOrderCommentInput!) {
    addOrderComment(input: $input) {
      comment {
        id
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const EditOrderComment = graphql(`
  mutation EditOrderComment($input: EditOrderCommentInput!) {
    editOrderComment(input: $input) {
      comment {
        id
        body
        editedAt
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const DeleteOrderComment = graphql(`
  mutation DeleteOrderComment($input: DeleteOrderCommentInput!) {
    deleteOrderComment(input: $input) {
      comment {
        id
        deleted
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const FollowOrder = graphql(`
  mutation FollowOrder($input: FollowOrderInput!) {
    followOrder(input: $input) {
      following
      followers {
        userId
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UnfollowOrder = graphql(`
  mutation UnfollowOrder($input: FollowOrderInput!) {
    unfollowOrder(input: $input) {
      following
      followers {
        userId
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
