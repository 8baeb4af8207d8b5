//! Typed ids and the vectors they index, so a page id can never be used
//! to index the sections (or a stage's output meant for another stage).

use std::marker::PhantomData;

/// A newtype index.
pub(crate) trait Idx: Copy {
    /// The id of position `i`.
    fn from_index(i: usize) -> Self;
    /// The position of this id.
    fn index(self) -> usize;
}

/// Declares a `u32` newtype id implementing [`Idx`].
#[macro_export]
macro_rules! typed_id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);
        impl $crate::util::ids::Idx for $name {
            fn from_index(i: usize) -> Self {
                $name(u32::try_from(i).expect("fewer than 2^32 items"))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

/// A vector indexed by a typed id.
#[derive(Debug, Clone)]
pub(crate) struct IdVec<I, T> {
    items: Vec<T>,
    _id: PhantomData<fn(I)>,
}

impl<I: Idx, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec { items: Vec::new(), _id: PhantomData }
    }
}

impl<I: Idx, T> IdVec<I, T> {
    /// Wraps a vector whose positions are the ids.
    pub(crate) fn from_vec(items: Vec<T>) -> Self {
        IdVec { items, _id: PhantomData }
    }

    /// Appends an item and returns its id.
    pub(crate) fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Every id, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::from_index)
    }

    /// Items with their ids.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(i, t)| (I::from_index(i), t))
    }

    /// Items alone.
    pub(crate) fn values(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The items as a mutable slice.
    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// The items, in id order, taken out.
    pub(crate) fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// The items as a slice, for parallel iteration.
    pub(crate) fn as_slice(&self) -> &[T] {
        &self.items
    }
}

impl<I: Idx, T> std::ops::Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Idx, T> std::ops::IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}
